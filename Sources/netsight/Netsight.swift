@main
struct Netsight {
    static func main() {}
}

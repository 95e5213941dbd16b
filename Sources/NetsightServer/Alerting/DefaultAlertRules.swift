/// The rules every installation starts with (turn them off with `alerting.default_rules:
/// false`). Thresholds are the ones LibreNMS, Zabbix templates and IP SLA guides converge
/// on; each clears well inside its raise threshold so a value at the limit does not flap.
enum DefaultAlertRules {
    static let yaml = """
        rules:
          - name: DeviceDown
            metric: device_up
            equals: 0
            severity: critical
            summary: "{{ $labels.device }} does not answer SNMP"
          - name: InterfaceDown
            metric: interface_oper_up
            equals: 0
            severity: major
            summary: "{{ $labels.device }} {{ $labels.ifname }} is down"
          - name: InterfaceUtilisationHigh
            metric: interface_utilisation_percent
            above: 90
            clear: 80
            for: 5m
            severity: warning
            summary: "{{ $labels.device }} {{ $labels.ifname }} at {{ $value | printf \\"%.0f\\" }}% of its speed"
          - name: InterfaceErrors
            metric: interface_errors_per_second
            above: 1
            clear: 0.1
            for: 5m
            severity: warning
            summary: "{{ $labels.device }} {{ $labels.ifname }}: {{ $value | printf \\"%.1f\\" }} errors/s"
          - name: DeviceCPUHigh
            metric: device_cpu_percent
            above: 90
            clear: 75
            for: 10m
            severity: warning
            summary: "{{ $labels.device }} CPU at {{ $value | printf \\"%.0f\\" }}%"
          - name: DeviceStorageFull
            metric: device_storage_used_percent
            above: 95
            clear: 90
            for: 15m
            severity: warning
            summary: "{{ $labels.device }} {{ $labels.storage }} {{ $value | printf \\"%.0f\\" }}% full"
          - name: ProbeFailing
            metric: probe_success
            equals: 0
            severity: major
            summary: "probe {{ $labels.probe }} to {{ $labels.target }} fails"
          - name: ProbeLossHigh
            metric: probe_loss_percent
            above: 5
            clear: 1
            for: 2m
            severity: warning
            summary: "probe {{ $labels.probe }} to {{ $labels.target }}: {{ $value | printf \\"%.0f\\" }}% loss"
          - name: VoiceQualityLow
            metric: probe_mos
            below: 3.6
            clear: 3.8
            for: 2m
            severity: warning
            summary: "probe {{ $labels.probe }}: MOS {{ $value | printf \\"%.2f\\" }}"
          - name: CertificateExpiring
            metric: probe_certificate_days
            below: 14
            clear: 21
            severity: warning
            summary: "{{ $labels.target }}: certificate expires in {{ $value | printf \\"%.0f\\" }} days"
          - name: ProbeReaction
            metric: probe_reaction_raised
            equals: 1
            severity: warning
            summary: "probe {{ $labels.probe }}: reaction {{ $labels.reaction }} raised"
        """
}

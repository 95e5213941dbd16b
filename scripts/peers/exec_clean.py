#!/usr/bin/python3
"""Runs a program with default signal dispositions and an empty signal mask.

A test process may block or ignore SIGTERM/SIGINT for its own signal handling, and a
child inherits both across exec; nfcapd or softflowd would then never see the SIGTERM
that should make them flush and exit. usage: exec_clean.py PROGRAM [ARGS...]
"""
import os
import signal
import sys

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE, signal.SIGUSR1, signal.SIGCHLD):
    signal.signal(sig, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_SETMASK, [])
os.execv(sys.argv[1], sys.argv[1:])

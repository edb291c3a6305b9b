"""Real peers for the tests: MariaDB, Orthanc, dcmtk, started on loopback in temp folders and stopped.

In CI (``CI=true``) a missing peer is a failure, elsewhere a skip with the reason.
"""

"""The network service (Neutron v2.0) served under /networking."""

"""The iptables command family (iptables v1.8.9 (nf_tables) on Debian 12): `iptables`
(main), `iptables-save` and `iptables-restore` (save), over vnet.netfilter."""

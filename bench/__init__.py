"""vnet benchmarks (`make bench`): simulated vs kernel ping floods, scale, profile."""

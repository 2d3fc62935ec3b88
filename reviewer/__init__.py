"""contract-reviewer: offline review of DPAs, MSAs and AI addenda against a clause library."""

__version__ = "0.1.0"

"""The business case: hours members report saved, valued at the hourly rate, on a page,
in a printable report and as CSV; the rate is its one setting."""

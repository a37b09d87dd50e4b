"""The community dashboard (community and organisation managers) and a member's own
figures (every member): read from the rollup, never from the content tables."""

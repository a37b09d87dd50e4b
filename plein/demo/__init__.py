"""The demo community's content as data: the Dutch texts of `plein demo-data`, in
`content/*.toml`, and `content.py`, which reads them into the shapes each app's `demo.py`
loads through its actions."""

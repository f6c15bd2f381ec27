"""One module per config format, each exporting `READER`; `config/formats.py` lists them."""

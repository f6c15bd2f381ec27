"""Documents read as trees that keep each node's line: XML, NGINX configuration, Terraform blocks.

The config readers flatten a file into settings; gateway policies need the
shape itself (which location holds which directive, which element encloses
which key), so these parsers hand over small frozen trees instead.
"""

"""From public page collections to a labelled-line corpus (see docs/DATA.md)."""

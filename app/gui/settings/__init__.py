"""Settings & Privacy: where the library lives, passphrase, backups, export, erasure, consents,
theme and language."""

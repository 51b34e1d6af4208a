"""The build benchmark (`make bench`): see bench/README.md."""

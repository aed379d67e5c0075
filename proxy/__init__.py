"""The /flower/ reverse proxy: Flower's dashboard and API behind Django authentication."""

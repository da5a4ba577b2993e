"""API tests of the demo district and the README's examples."""

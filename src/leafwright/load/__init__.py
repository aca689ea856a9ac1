"""Load: YAML into an immutable model whose every node remembers file:line:col."""

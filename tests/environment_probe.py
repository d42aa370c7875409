"""Prints, as JSON, the environment a snippet run is verified in. Run by the snippet server.

In a forked child, like a snippet, so that touching CUDA here cannot affect the parent.
"""
import json
import platform

import torch

cuda = torch.cuda.is_available()
print(json.dumps({
    "torch": torch.__version__,
    "cuda": torch.version.cuda if cuda else None,
    "device": "cuda" if cuda else "cpu",
    "device_name": torch.cuda.get_device_name(0) if cuda else f"{platform.machine()} CPU",
    "python": platform.python_version(),
}))

"""vnet's script interpreter: the bash subset that lab scripts are written in.

``Interpreter(host, out, err).run(text)`` runs a script against a
:class:`CommandHost` (the simulated machine); see ``api.py`` for the host side
and ``interp.py`` for the entry points.
"""

from .api import CommandHost, CommandResult, UnsupportedError
from .errors import NeedMoreInput
from .interp import Interpreter

__all__ = ["CommandHost", "CommandResult", "Interpreter", "NeedMoreInput", "UnsupportedError"]

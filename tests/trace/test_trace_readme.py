"""The README's `vnet explain` and `--trace` example is what vnet prints for its script."""

from __future__ import annotations

from pathlib import Path

from tracelab import run_traced

from vnet.trace import explain, journey, render

README = Path(__file__).resolve().parents[2] / "README.md"


def _between(text: str, start: str, end: str) -> str:
    at = text.index(start) + len(start)
    return text[at:text.index(end, at)]


def test_readme_example_is_generated() -> None:
    readme = README.read_text()
    script = _between(readme, "$ cat why.sh\n", "$ vnet explain why.sh\n")
    shown_explain = _between(readme, "$ vnet explain why.sh\n", "```")
    shown_journey = _between(readme, "(the second of its three\njourneys):\n\n```\n", "```")
    _result, tracer = run_traced(script)
    assert explain.render(tracer) == shown_explain
    journeys = journey.build(tracer.records)
    assert len(journeys) == 3
    assert render.render_journey(journeys[1], tracer.commands) == shown_journey

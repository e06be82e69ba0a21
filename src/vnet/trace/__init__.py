"""The packet-journey trace and `vnet explain`: what happened to each packet, and why.

    tracer.py    the recorder (`world.tracer`): one record per stage of the packet path
    flow.py      flow keys and one-line packet descriptions, computed from the bytes
    journey.py   records grouped into journeys (a packet, its reply, its errors, its ARP)
    reasons.py   SKB_DROP_REASON names in plain words, with a drop's particulars
    routes.py    routes and route tables in `ip route` words
    apps.py      what ping and traceroute report about their runs and probes
    render.py    journeys as text; jsonl.py as JSON lines; explain.py the paragraphs

Used by `vnet run --trace/--trace-json/--explain`, `vnet explain` (vnet.cli.main) and
the `trace` shell command (vnet.cli.trace_cmd).
"""

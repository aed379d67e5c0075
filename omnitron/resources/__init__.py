"""One thin class per Omnitron resource; `OmnitronClient` wires them up."""

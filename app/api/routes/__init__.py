"""One module per resource; each route parses, calls the request layer, shapes the answer."""

"""Background work: device workers, the host agent, flows and the device layer."""

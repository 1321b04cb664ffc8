"""Controllers: map the pool's and the phones' data onto the views, act on their intents."""

"""The task-pool editor: batches, the new-batch dialog, pipelines."""

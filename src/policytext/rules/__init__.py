"""Stage 2 and 3 of the cascade: rules that turn the structured text into typed objects."""

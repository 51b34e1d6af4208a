"""The learner site: pages from the model, the mkdocs plugin and theme, maintainer
templates, the link check and the offline copy."""

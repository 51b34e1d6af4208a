"""The course: its model, reading the sources and their translations, every validation
rule, and loading (load → validate → assemble the frozen model); planning test forms from
ids. Imports nothing from the renderers."""

"""One module per ``coursepack`` command, each with ``run(args) -> exit code``; the command
line imports a command's module (and so its renderers) only when that command runs."""

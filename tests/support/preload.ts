// Keeps test runs independent of the machine's own pivot configuration.
process.env.PIVOT_GLOBAL_CONFIG ??= "/nonexistent/pivot-global-config.yaml";
process.env.NO_COLOR = "1";

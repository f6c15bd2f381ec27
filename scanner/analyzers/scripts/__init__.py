"""Shell scripts, Dockerfile `RUN` lines and Makefiles: literal credentials on command lines (SEC005)."""

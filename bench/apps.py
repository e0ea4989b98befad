from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark and corpus generator's commands, in a development checkout."""

    name = "bench"
    verbose_name = "Benchmark and synthetic corpus (development only)"

// Question-bank exporters.

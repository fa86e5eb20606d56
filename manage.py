#!/usr/bin/env python
from sxsh.cli import main

if __name__ == "__main__":
    main()

import sys

from gan_resample.cli import main

sys.exit(main())

from matcher.cli import main

# Guarded: worker processes (matcher.batch) import the main module again under another name.
if __name__ == "__main__":
    main()

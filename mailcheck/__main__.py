from mailcheck.frontends.cli import entry

entry()

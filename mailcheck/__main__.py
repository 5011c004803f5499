from mailcheck.frontends.cli import main

main()

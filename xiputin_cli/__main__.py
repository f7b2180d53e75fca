from xiputin_cli.cli import main

main()

import ItakuServer

await Entrypoint.main()

print("liaison-bench: no benchmark selected")

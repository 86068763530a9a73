from complaintgen.cli import main

main()

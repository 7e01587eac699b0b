-- Ends the command's transaction in the same round trip as its last statements.
COMMIT

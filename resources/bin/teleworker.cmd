@echo off
rem The `teleworker` command of an installed app (Windows): the app's own binary runs it (--cli).
"%~dp0..\..\Teleworker.exe" --cli %*
exit /b %ERRORLEVEL%

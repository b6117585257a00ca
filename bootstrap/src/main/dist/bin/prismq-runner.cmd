@echo off
rem Starts PrismQ Runner on Windows: finds a Java 21 or newer and runs the service's jar with JVM options for a
rem long-running service on a shared host. Every argument goes to the service (--help lists them).
rem
rem Environment:
rem   JAVA_HOME         the Java to use, when it is 21 or newer; else java on PATH, else the standard places below
rem   PRISMQ_HEAP       the heap's upper bound (-Xmx), default 512m
rem   JAVA_OPTS         more JVM options, after the defaults (so they win)
rem   PRISMQ_JAVA_OPTS  more JVM options, after JAVA_OPTS
setlocal EnableExtensions EnableDelayedExpansion

rem The installation folder: this script is in its bin\, the jar in its lib\.
set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\prismq-runner.jar"
if not exist "%JAR%" (
    echo prismq-runner: the service's jar is missing: !JAR! 1>&2
    exit /b 1
)

set "JAVA_EXE="
if defined JAVA_HOME (
    call :try "%JAVA_HOME%\bin\java.exe"
    if not defined JAVA_EXE echo prismq-runner: JAVA_HOME ^(!JAVA_HOME!^) is not a Java 21 or newer; looking further 1>&2
)
if not defined JAVA_EXE for /f "delims=" %%j in ('where java 2^>nul') do if not defined JAVA_EXE call :try "%%j"
rem The places where installers and package managers put JDKs; the first Java 21+ found is used.
if not defined JAVA_EXE for /d %%d in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\*" "%ProgramFiles%\Zulu\*" "%ProgramFiles%\Amazon Corretto\*" "%ProgramFiles%\BellSoft\*" "%ProgramFiles%\Semeru\*" "%ProgramFiles%\OpenJDK\*" "%LOCALAPPDATA%\Programs\Eclipse Adoptium\*" "%USERPROFILE%\.jdks\*") do if not defined JAVA_EXE call :try "%%~d\bin\java.exe"
if not defined JAVA_EXE for /d %%d in ("%USERPROFILE%\scoop\apps\*") do if not defined JAVA_EXE call :try "%%~d\current\bin\java.exe"
if not defined JAVA_EXE (
    echo prismq-runner: PrismQ Runner needs Java 21 or newer, and none was found in: 1>&2
    echo     JAVA_HOME, java on PATH, 1>&2
    echo     %%ProgramFiles%%\Java, Eclipse Adoptium, Microsoft, Zulu, Amazon Corretto, BellSoft, Semeru, OpenJDK, 1>&2
    echo     %%LOCALAPPDATA%%\Programs\Eclipse Adoptium, %%USERPROFILE%%\.jdks, %%USERPROFILE%%\scoop\apps\*\current 1>&2
    echo Install one, for example:  winget install EclipseAdoptium.Temurin.21.JRE 1>&2
    echo or get one from https://adoptium.net, or point JAVA_HOME at a Java 21+ installed elsewhere. 1>&2
    exit /b 1
)

rem JVM options for a service that runs for weeks beside other programs (docs/performance.md has the figures): a
rem bounded heap that starts small, and G1's periodic collection, which gives unused heap back to the operating
rem system after 30 s without a collection.
if not defined PRISMQ_HEAP set "PRISMQ_HEAP=512m"
rem Without delayed expansion, so that a "!" in an argument reaches the service unchanged.
setlocal DisableDelayedExpansion
"%JAVA_EXE%" -Xms16m -Xmx%PRISMQ_HEAP% -XX:+UseG1GC -XX:G1PeriodicGCInterval=30000 %JAVA_OPTS% %PRISMQ_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

rem Sets JAVA_EXE to %1 when %1 is a java.exe of version 21 or newer.
:try
if not exist "%~1" goto :eof
set "FEATURE="
set "SETTINGS=%TEMP%\prismq-runner-java-%RANDOM%%RANDOM%.txt"
"%~1" -XshowSettings:properties -version 2>"%SETTINGS%" >nul
for /f "tokens=2 delims==" %%v in ('findstr /c:"java.specification.version" "%SETTINGS%"') do set "FEATURE=%%v"
del "%SETTINGS%" >nul 2>&1
if not defined FEATURE goto :eof
set "FEATURE=%FEATURE: =%"
for /f "delims=." %%m in ("%FEATURE%") do set "FEATURE=%%m"
if %FEATURE% GEQ 21 set "JAVA_EXE=%~1"
goto :eof

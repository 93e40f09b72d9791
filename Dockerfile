# The host as a container: docker compose up (see docker-compose.yml) or
#   docker build -t ecommerce . && docker run -e Kafka__BootstrapServers=kafka:9092 -p 8080:8080 -p 127.0.0.1:9080:8081 ecommerce
# 8080 is the API; 8081 the management port (/health/*, /metrics): keep it off the public network.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY Ecommerce.Host/Ecommerce.Host.csproj Ecommerce.Host/
COPY Platform/Ecommerce.Platform.ServiceDefaults/Ecommerce.Platform.ServiceDefaults.csproj Platform/Ecommerce.Platform.ServiceDefaults/
COPY Platform/Ecommerce.Platform.Messaging/Ecommerce.Platform.Messaging.csproj Platform/Ecommerce.Platform.Messaging/
COPY Platform/Ecommerce.Platform.Kafka/Ecommerce.Platform.Kafka.csproj Platform/Ecommerce.Platform.Kafka/
COPY Modules/Users/Ecommerce.Modules.Users/Ecommerce.Modules.Users.csproj Modules/Users/Ecommerce.Modules.Users/
COPY Modules/Users/Ecommerce.Modules.Users.Contracts/Ecommerce.Modules.Users.Contracts.csproj Modules/Users/Ecommerce.Modules.Users.Contracts/
COPY Modules/Orders/Ecommerce.Modules.Orders/Ecommerce.Modules.Orders.csproj Modules/Orders/Ecommerce.Modules.Orders/
COPY Modules/Orders/Ecommerce.Modules.Orders.Contracts/Ecommerce.Modules.Orders.Contracts.csproj Modules/Orders/Ecommerce.Modules.Orders.Contracts/
RUN dotnet restore Ecommerce.Host/Ecommerce.Host.csproj
COPY Ecommerce.Host/ Ecommerce.Host/
COPY Platform/ Platform/
COPY Modules/ Modules/
RUN dotnet publish Ecommerce.Host/Ecommerce.Host.csproj -c Release -o /app --no-restore \
    && mkdir -p /data

# Chiseled: no shell, no package manager, non-root by default. librdkafka's centos8 build, which the
# host loads on Linux, needs nothing but glibc; the app runs with invariant globalization (no ICU).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# 1654 is the images' non-root "app" user; the SQLite files live on this volume.
COPY --from=build --chown=1654:1654 /data /var/lib/ecommerce
USER 1654
# MALLOC_ARENA_MAX: glibc gives each thread that allocates a malloc arena of its own (up to eight per core),
# and librdkafka runs about twenty threads, each freeing into an arena the others cannot reuse: two arenas
# took 17-31 MB off the host's peak RSS under the benchmark (docs/adr/0040). glibc reads it at process
# start only, so it is set here, where the process is started, not in the host's own configuration.
ENV ASPNETCORE_ENVIRONMENT=Production \
    MALLOC_ARENA_MAX=2 \
    ASPNETCORE_HTTP_PORTS=8080 \
    Management__Port=8081 \
    Database__DataDirectory=/var/lib/ecommerce
EXPOSE 8080 8081
VOLUME /var/lib/ecommerce
# The runtime image has no curl: the host itself asks its readiness endpoint, on the management port its
# configuration names (exit 0 on 200).
HEALTHCHECK --interval=10s --timeout=6s --start-period=30s --retries=3 CMD ["dotnet", "Ecommerce.Host.dll", "health-check"]
ENTRYPOINT ["dotnet", "Ecommerce.Host.dll"]

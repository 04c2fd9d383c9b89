using System.Text;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Apache.Arrow.Types;
using Grpc.Core;

namespace Pangolin.Extensions.Dremio.Tests.Server;

/// <summary>
/// An Arrow Flight server that authenticates like Dremio (arrow.flight.auth2 with the session service): the handshake
/// takes basic credentials in the <c>authorization</c> header and answers with <c>authorization: Bearer &lt;token&gt;</c>;
/// personal access tokens are accepted as bearer tokens; every other call needs a valid bearer token; the first call of
/// a session gets a <c>SESSION_ID</c> cookie that later calls must send back; a Dremio Cloud project is chosen with the
/// <c>project_id</c> cookie. Queries: <c>SELECT 1</c>, <c>SELECT * FROM numbers</c> (several endpoints and batches).
/// </summary>
public sealed class DremioLikeFlightServer(DremioServerState state) : FlightServer
{
    private static readonly Schema NumbersSchema = new Schema.Builder()
        .Field(f => f.Name("n").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("label").DataType(StringType.Default).Nullable(true))
        .Build();

    private static readonly Schema OneSchema = new Schema.Builder().Field(f => f.Name("EXPR$0").DataType(Int32Type.Default).Nullable(false)).Build();

    public override async Task Handshake(
        IAsyncStreamReader<FlightHandshakeRequest> requestStream, IAsyncStreamWriter<FlightHandshakeResponse> responseStream, ServerCallContext context)
    {
        var authorization = Record("Handshake", context);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
        }

        const string Basic = "Basic ";
        if (authorization is null || !authorization.StartsWith(Basic, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Basic credentials expected in the authorization header."));
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[Basic.Length..]));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || decoded[..colon] != state.Username || decoded[(colon + 1)..] != state.Password)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "Unable to authenticate user" + (state.EchoCredentialsInErrors ? $" with '{decoded}' ({authorization})" : ".")));
        }

        var token = Guid.NewGuid().ToString("N");
        state.IssuedTokens[token] = true;
        var session = NewSession();
        await context.WriteResponseHeadersAsync(new Metadata
        {
            { "authorization", "Bearer " + token },
            { "set-cookie", $"SESSION_ID={session}; Path=/; HttpOnly" },
        });
    }

    public override async Task<FlightInfo> GetFlightInfo(FlightDescriptor request, ServerCallContext context)
    {
        Record("GetFlightInfo", context);
        Authenticate(context);
        await EnsureSessionAsync(context);
        CheckProject(context);

        var sql = request.Command.ToStringUtf8().Trim();
        return sql switch
        {
            "SELECT 1" => new FlightInfo(OneSchema, request, [new FlightEndpoint(new FlightTicket("one"), [])], 1, -1),
            "SELECT * FROM numbers" => new FlightInfo(
                NumbersSchema, request,
                [.. Enumerable.Range(0, state.Endpoints).Select(i => new FlightEndpoint(new FlightTicket($"numbers:{i}"), []))],
                state.Endpoints * state.BatchesPerEndpoint * state.RowsPerBatch, -1),
            "SELECT 1 WHERE FALSE" => new FlightInfo(OneSchema, request, [new FlightEndpoint(new FlightTicket("empty"), [])], 0, -1),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, $"Table '{sql}' not found")),
        };
    }

    public override async Task DoGet(FlightTicket ticket, FlightServerRecordBatchStreamWriter responseStream, ServerCallContext context)
    {
        Record("DoGet", context);
        Authenticate(context);
        CheckProject(context);
        if (SessionOf(context) is not { } session || !state.Sessions.ContainsKey(session))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "No Flight session: send back the SESSION_ID cookie."));
        }

        var text = ticket.Ticket.ToStringUtf8();
        if (text == "one")
        {
            await responseStream.WriteAsync(new RecordBatch(OneSchema, [new Int32Array.Builder().Append(1).Build()], 1));
            return;
        }

        if (text == "empty")
        {
            await responseStream.SetupStream(OneSchema);
            return;
        }

        var endpoint = int.Parse(text["numbers:".Length..], System.Globalization.CultureInfo.InvariantCulture);
        for (var batch = 0; batch < state.BatchesPerEndpoint; batch++)
        {
            var numbers = new Int64Array.Builder();
            var labels = new StringArray.Builder();
            for (var row = 0; row < state.RowsPerBatch; row++)
            {
                var n = ((endpoint * state.BatchesPerEndpoint) + batch) * state.RowsPerBatch + row;
                numbers.Append(n);
                labels.Append($"row {n}");
            }

            await responseStream.WriteAsync(new RecordBatch(NumbersSchema, [numbers.Build(), labels.Build()], state.RowsPerBatch));
        }
    }

    public override async Task DoAction(FlightAction request, IAsyncStreamWriter<FlightResult> responseStream, ServerCallContext context)
    {
        Record("DoAction:" + request.Type, context);
        Authenticate(context);
        if (request.Type != "SetSessionOptions" || !state.SupportsSessionOptions)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Action '{request.Type}' is not implemented."));
        }

        var session = await EnsureSessionAsync(context);
        var options = ArrowFlightProtocol.ReadStringOptions(request.Body);
        if (!state.RefuseSessionOptions && options.TryGetValue("project_id", out var project))
        {
            state.SessionProjects[session] = project;
        }

        var refused = state.RefuseSessionOptions ? options.Keys : options.Keys.Where(k => k != "project_id");
        await responseStream.WriteAsync(new FlightResult(ArrowFlightProtocol.WriteErrors(refused, errorValue: 1)));
    }

    private async Task<string> EnsureSessionAsync(ServerCallContext context)
    {
        if (SessionOf(context) is { } known && state.Sessions.ContainsKey(known))
        {
            return known;
        }

        var session = NewSession();
        await context.WriteResponseHeadersAsync(new Metadata { { "set-cookie", $"SESSION_ID={session}; Path=/; HttpOnly" } });
        return session;
    }

    private string? Record(string method, ServerCallContext context)
    {
        var headers = context.RequestHeaders.Where(h => !h.IsBinary).GroupBy(h => h.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        state.Calls.Enqueue(new RecordedCall(method, headers.GetValueOrDefault("authorization"), headers.GetValueOrDefault("cookie"), headers));
        return headers.GetValueOrDefault("authorization");
    }

    private void Authenticate(ServerCallContext context)
    {
        var authorization = context.RequestHeaders.GetValue("authorization");
        const string Bearer = "Bearer ";
        var token = authorization is not null && authorization.StartsWith(Bearer, StringComparison.Ordinal) ? authorization[Bearer.Length..] : null;
        if (token is null || !(state.IssuedTokens.ContainsKey(token) || state.PersonalAccessTokens.ContainsKey(token)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "Invalid or expired token" + (state.EchoCredentialsInErrors && token is not null ? $": {token}" : ".")));
        }
    }

    private void CheckProject(ServerCallContext context)
    {
        var fromCookie = state.AcceptProjectCookie ? Cookie(context, "project_id") : null;
        var fromSession = SessionOf(context) is { } session && state.SessionProjects.TryGetValue(session, out var project) ? project : null;
        if (state.RequiredProjectId is { } required && (fromCookie ?? fromSession) != required)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Project not found; pass the project_id cookie."));
        }
    }

    private string? SessionOf(ServerCallContext context) => Cookie(context, "SESSION_ID");

    private static string? Cookie(ServerCallContext context, string name)
    {
        var header = context.RequestHeaders.GetValue("cookie");
        return header?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == name)
            .Select(p => p[1])
            .LastOrDefault();
    }

    private string NewSession()
    {
        var session = Guid.NewGuid().ToString("N");
        state.Sessions[session] = true;
        return session;
    }
}

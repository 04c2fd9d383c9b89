using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary>Login, who-am-I, logout and user creation (<c>user_handlers.rs</c>).</summary>
internal sealed class UserEndpoints(EmulatorContext emulator)
{
    private const string TooMany = "too many authentication attempts; try again later";

    private static readonly JsonShape LoginShape = new("LoginRequest", DenyUnknownFields: true,
    [
        new JsonField("username", JsonFieldType.String),
        new JsonField("password", JsonFieldType.String),
        JsonField.Optional("tenant-id", JsonFieldType.Uuid) with { Aliases = ["tenant_id"] },
    ]);

    private static readonly JsonShape CreateUserShape = new("CreateUserRequest", DenyUnknownFields: false,
    [
        new JsonField("username", JsonFieldType.String),
        new JsonField("email", JsonFieldType.String),
        JsonField.Optional("password", JsonFieldType.String),
        JsonField.Optional("tenant_id", JsonFieldType.Uuid),
        new JsonField("role", JsonFieldType.Enum)
        {
            Variants = ["root", "tenant-admin", "tenant-user"],
            EnumName = "UserRole",
        },
    ]);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/users/login", Login);
        routes.MapGetAndHead("/api/v1/users/me", Me);
        routes.MapPost("/api/v1/users/logout", context => Reply.Empty(context, StatusCodes.Status204NoContent));
        routes.MapPost("/api/v1/users", CreateUser);
    }

    private async Task Login(HttpContext context)
    {
        var body = await JsonBodyReader.ReadAsync(context, LoginShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var username = body.String("username")!;
        var password = body.String("password")!;
        var tenantId = body.Uuid("tenant-id");

        var accountKey = string.Create(CultureInfo.InvariantCulture, $"acct:{tenantId?.ToString() ?? "-"}:{username}");
        if (!emulator.AccountLimiter.TryAcquire(accountKey))
        {
            context.Response.Headers.RetryAfter = Middleware.RetryAfter(emulator);
            await Reply.Text(context, StatusCodes.Status429TooManyRequests, TooMany).ConfigureAwait(false);
            return;
        }

        UserView user;
        if (tenantId is null && emulator.IsRootCredential(username, password))
        {
            user = new UserView(
                EmulatorContext.RootLoginUserId, username, "root@pangolin.local", null, PangolinRole.Root, emulator.StartedAt);
        }
        else
        {
            var found = emulator.Store.FindUser(username, tenantId);
            string? failure = null;
            if (found is null)
            {
                // Real server: a tenant-scoped lookup never finds the env root, so this is "Invalid credentials"
                // there; the emulator names the mistake when the root password was right.
                failure = tenantId is not null && emulator.IsRootCredential(username, password)
                    ? "Root users must login without tenant_id"
                    : "Invalid credentials";
            }
            else if (tenantId is null && found.Role != PangolinRole.Root)
            {
                failure = "Tenant users must login with tenant_id";
            }
            else if (found.Password is null)
            {
                failure = "Account uses external authentication";
            }
            else if (!EmulatorContext.FixedTimeEquals(password, found.Password))
            {
                failure = "Invalid credentials";
            }

            if (failure is not null)
            {
                await Reply.Text(context, StatusCodes.Status401Unauthorized, failure).ConfigureAwait(false);
                return;
            }

            user = UserView.From(found!, emulator);
        }

        emulator.AccountLimiter.Clear(accountKey);
        var now = emulator.Time.GetUtcNow();
        emulator.LastLogins[user.Id] = now;
        var (token, expiresAt) = emulator.IssueToken(user.Id, user.Username, user.TenantId, user.Role);
        await Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("token", token);
            w.WritePropertyName("user");
            (user with { LastLogin = now }).Write(w);
            w.WriteString("expires-at", Rfc3339.WithNanoseconds(expiresAt));
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task Me(HttpContext context)
    {
        var session = Session.Of(context)!;
        // Root sessions (Basic auth has user id nil, like the seeded admin) describe themselves.
        var stored = session.Role == PangolinRole.Root ? null : emulator.Store.FindUser(session.UserId);
        var user = stored is not null
            ? UserView.From(stored, emulator)
            : new UserView(
                session.UserId,
                session.Username,
                session.Role == PangolinRole.Root ? "root@pangolin.local" : session.Username + "@example.com",
                session.TenantId,
                session.Role,
                emulator.StartedAt)
            {
                LastLogin = emulator.LastLogins.TryGetValue(session.UserId, out var last) ? last : null,
            };
        return Reply.Json(context, 200, user.Write);
    }

    private async Task CreateUser(HttpContext context)
    {
        var body = await JsonBodyReader.ReadAsync(context, CreateUserShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var session = Session.Of(context)!;
        _ = Roles.TryParse(body.String("role"), out var role); // The enum field was validated by the reader.
        var tenantId = body.Uuid("tenant_id");
        var password = body.String("password");
        string? forbidden = null;
        string? badRequest = null;
        if (!session.IsAdmin || role == PangolinRole.Root)
        {
            forbidden = "Forbidden";
        }
        else if (role == PangolinRole.TenantAdmin && tenantId is null)
        {
            badRequest = "Tenant admin requires tenant_id";
        }
        else if (role == PangolinRole.TenantAdmin && password is null)
        {
            badRequest = "Tenant admin requires password";
        }
        else if (role == PangolinRole.TenantUser && session.Role == PangolinRole.Root)
        {
            forbidden = "Root cannot create tenant users";
        }
        else if (role == PangolinRole.TenantUser && (tenantId ?? session.EffectiveTenant) != session.EffectiveTenant)
        {
            forbidden = "Cannot create users in another tenant";
        }

        if (forbidden is not null || badRequest is not null)
        {
            await Reply.Text(context, forbidden is not null ? 403 : 400, forbidden ?? badRequest!).ConfigureAwait(false);
            return;
        }

        var user = new EmulatorUser
        {
            Username = body.String("username")!,
            Email = body.String("email"),
            Password = password,
            Role = role,
            TenantId = tenantId ?? session.EffectiveTenant,
        };
        emulator.Store.AddUser(user);
        await Reply.Json(context, StatusCodes.Status201Created, UserView.From(user, emulator).Write).ConfigureAwait(false);
    }

    /// <summary><c>UserInfo</c>, kebab-case, in field order.</summary>
    private sealed record UserView(Guid Id, string Username, string Email, Guid? TenantId, PangolinRole Role, DateTimeOffset CreatedAt)
    {
        public DateTimeOffset? LastLogin { get; init; }

        public static UserView From(EmulatorUser user, EmulatorContext emulator) =>
            new(
                user.Id,
                user.Username,
                user.Email ?? user.Username + "@example.com",
                user.Role == PangolinRole.Root ? null : user.TenantId,
                user.Role,
                emulator.StartedAt)
            {
                LastLogin = emulator.LastLogins.TryGetValue(user.Id, out var last) ? last : null,
            };

        public void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("id", Id.ToString("D"));
            w.WriteString("username", Username);
            w.WriteString("email", Email);
            if (TenantId is { } tenant)
            {
                w.WriteString("tenant-id", tenant.ToString("D"));
            }
            else
            {
                w.WriteNull("tenant-id");
            }

            w.WriteString("role", Roles.ToWire(Role));
            w.WriteNull("oauth-provider");
            w.WriteString("created-at", Rfc3339.Serde(CreatedAt));
            if (LastLogin is { } last)
            {
                w.WriteString("last-login", Rfc3339.Serde(last));
            }
            else
            {
                w.WriteNull("last-login");
            }

            w.WriteEndObject();
        }
    }
}

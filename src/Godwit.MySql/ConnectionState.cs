namespace Godwit.MySql;

internal enum ConnectionState
{
    Idle,
    Busy,
    Broken,
    Closed,
}

using FluentValidation;

namespace Ecommerce.Platform.Http;

/// <summary>Query-string paging, 1-based. Both values are optional; validation bounds them.</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int PageNumber => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;
    public int Skip => (PageNumber - 1) * Size;
}

/// <summary>One page of a list in a stable order, with the total so a client can page to the end.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => TotalCount == 0 ? 0 : (int)Math.Ceiling(TotalCount / (double)PageSize);
}

public sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageQuery.MaxPageSize);
        // Keeps Skip within int range for absurd page numbers.
        RuleFor(q => q.Page).LessThanOrEqualTo(int.MaxValue / PageQuery.MaxPageSize);
    }
}

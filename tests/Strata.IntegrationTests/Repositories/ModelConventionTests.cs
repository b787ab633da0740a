using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Repositories;

[System.ComponentModel.DataAnnotations.Schema.Table("NcArtists")]
public sealed class NcArtist : Model<NcArtist>
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public HasMany<NcAlbum> Albums => HasMany<NcAlbum>(a => a.ArtistId);

    public HasOne<NcBio> Bio => HasOne<NcBio>(b => b.ArtistId);
}

[System.ComponentModel.DataAnnotations.Schema.Table("NcAlbums")]
public sealed class NcAlbum : Model<NcAlbum>
{
    public long Id { get; set; }

    public long ArtistId { get; set; }

    public string AlbumTitle { get; set; } = "";

    public BelongsTo<NcArtist> Artist => BelongsTo<NcArtist>(a => a.ArtistId);
}

[System.ComponentModel.DataAnnotations.Schema.Table("NcBios")]
public sealed class NcBio : Model<NcBio>
{
    public long Id { get; set; }

    public long ArtistId { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>Model relations name their key columns by the database's naming convention, like the models' own columns.</summary>
public class ModelConventionTests
{
    [Theory, AllDatabases]
    public async Task Relations_eager_loading_and_counts_use_the_exact_naming_convention(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, o => o.NamingConvention = NamingConvention.Exact);
        var schema = scope.Db.Schema;
        foreach (var table in new[] { "NcBios", "NcAlbums", "NcArtists" }) await schema.DropTableIfExists(table).ExecuteAsync();
        foreach (var table in new[] { "NcArtists", "NcAlbums", "NcBios" }) scope.Track(table);
        await schema.CreateTable("NcArtists", t => { t.BigIncrements("Id"); t.String("Name", 50); }).ExecuteAsync();
        await schema.CreateTable("NcAlbums", t => { t.BigIncrements("Id"); t.BigInteger("ArtistId").References("NcArtists", "Id"); t.String("AlbumTitle", 50); }).ExecuteAsync();
        await schema.CreateTable("NcBios", t => { t.BigIncrements("Id"); t.BigInteger("ArtistId").References("NcArtists", "Id"); t.String("Text", 50); }).ExecuteAsync();
        using var models = ModelDatabase.Use(scope.Db);

        var nina = await NcArtist.CreateAsync(new NcArtist { Name = "Nina" });
        var miles = await NcArtist.CreateAsync(new NcArtist { Name = "Miles" });
        await NcAlbum.CreateAsync(new NcAlbum { ArtistId = nina.Id, AlbumTitle = "Pastel Blues" });
        await NcAlbum.CreateAsync(new NcAlbum { ArtistId = nina.Id, AlbumTitle = "Wild Is the Wind" });
        await NcAlbum.CreateAsync(new NcAlbum { ArtistId = miles.Id, AlbumTitle = "Kind of Blue" });
        await NcBio.CreateAsync(new NcBio { ArtistId = miles.Id, Text = "trumpet" });

        var found = (await NcArtist.FindAsync(nina.Id))!;
        Assert.Equal("ArtistId", found.Albums.ForeignKey);
        Assert.Equal(["Pastel Blues", "Wild Is the Wind"], (await found.Albums.OrderBy(a => a.AlbumTitle).GetAsync()).Select(a => a.AlbumTitle));
        var album = (await NcAlbum.Query().Where(a => a.AlbumTitle == "Kind of Blue").FirstOrDefaultAsync())!;
        Assert.Equal("Miles", (await album.Artist.GetAsync())!.Name);

        var eager = await NcArtist.Query().With(a => a.Albums).With(a => a.Bio).WithCount(a => a.Albums).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([2, 1], eager.Select(a => a.Albums.Items.Count));
        Assert.Equal([2L, 1L], eager.Select(a => a.Albums.Count!.Value));
        Assert.Equal([null, "trumpet"], eager.Select(a => a.Bio.Item?.Text));
        var albums = await NcAlbum.Query().With(a => a.Artist).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["Nina", "Nina", "Miles"], albums.Select(a => a.Artist.Item!.Name));
    }
}
